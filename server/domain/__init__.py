"""Plain functions over the models. Nothing here knows about HTTP: errors are DomainErrors."""
