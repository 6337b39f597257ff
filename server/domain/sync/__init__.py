"""What makes the phone's offline work safe to send again: the operation log that answers a replayed request
as it was first answered (operations.py), and the rule for PUTs of phone-made records (replay.py)."""
