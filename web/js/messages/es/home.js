// Each role's home screen.
export default {
  home: {
    title: 'Inicio',
    greeting: 'Hola, {name}',
    roles: { one: 'Su rol aquí: {roles}.', many: 'Sus roles aquí: {roles}.', other: 'Sus roles aquí: {roles}.' },
    noRoleLead: 'Su cuenta todavía no tiene ningún rol.',
    noRole: {
      title: 'Todavía no hay nada que mostrar',
      text: 'El equipo de administración asigna a cada cuenta uno o varios roles: Equipo de auditoría, Mantenimiento, Comité o Administración. Pídale que agregue el rol que usted necesita.',
    },
    audits: {
      title: 'Sus auditorías',
      emptyTitle: 'No hay auditorías por recorrer',
      emptyText: 'Aquí aparecen las auditorías que usted planifica o de cuyo equipo forma parte, con su lista de verificación y su avance, hasta que se entregan.',
      plan: 'Planificar auditoría',
      all: 'Todas las auditorías',
    },
    items: {
      title: 'Tareas de corrección',
      emptyTitle: 'No tiene tareas asignadas',
      emptyText: 'Cuando el comité pide a mantenimiento que retire, reubique o cambie el texto explicativo de algo, la tarea aparece aquí con su foto y su ubicación.',
      more: { one: '1 más en Mis tareas.', many: '{count} más en Mis tareas.', other: '{count} más en Mis tareas.' },
      all: 'Todas mis tareas',
    },
    findings: {
      title: 'Hallazgos pendientes',
      triage: 'Por clasificar',
      assign: 'Por asignar',
      verification: 'Por verificar',
      overdue: 'Vencidos',
      all: 'Todos los hallazgos',
    },
    overview: {
      title: 'Resumen del registro',
      campuses: 'Campus',
      buildings: 'Edificios',
      spaces: 'Espacios',
      users: 'Usuarios',
    },
    admin: {
      title: 'Administración',
      users: { title: 'Usuarios y roles', text: 'Agregar personas, asignarles roles, enviar enlaces para crear contraseña y desactivar cuentas.' },
      spaces: { title: 'Edificios y espacios', text: 'Buscar, agregar y corregir las salas y los lugares que abarcan las auditorías.' },
      import: { title: 'Importar desde una hoja de cálculo', text: 'Cargar muchos edificios y espacios a la vez desde un archivo CSV.' },
      progress: { title: 'Página pública de avances', text: 'Activar o desactivar la página pública, en cifras globales, de lo que el comité encontró y corrigió.' },
    },
    buildings: {
      title: 'Edificios',
      intro: 'Todos los edificios del registro, con la cantidad de espacios de cada uno.',
      spaces: { one: '1 espacio', many: '{count} de espacios', other: '{count} espacios' },
      noBuildings: 'Todavía no hay edificios en este campus.',
      emptyTitle: 'Todavía no hay edificios',
      emptyText: 'El equipo de administración agrega campus, edificios y espacios, o los importa desde un archivo CSV.',
    },
  },
};
