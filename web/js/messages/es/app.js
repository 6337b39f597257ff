// The frame of the app: its name, shared words, errors in general, the header, navigation, offline and logout.
import errorCodes from './errors.js';

export default {
  app: {
    name: 'Spaces Audit',
    titleWith: '{page} · Spaces Audit',
    language: 'Idioma',
  },
  common: {
    cancel: 'Cancelar',
    close: 'Cerrar',
    home: 'Ir a su página de inicio',
    loading: 'Cargando…',
    retry: 'Intentar de nuevo',
    saving: 'Guardando…',
    showMore: { one: 'Mostrar 1 más', many: 'Mostrar {count} más', other: 'Mostrar {count} más' },
  },
  time: {
    seconds: { one: '1 segundo', many: '{count} de segundos', other: '{count} segundos' },
    minutes: { one: '1 minuto', many: '{count} de minutos', other: '{count} minutos' },
  },
  errors: {
    generic: 'Algo salió mal (error {status}). Inténtelo de nuevo; si sigue pasando, avise al equipo de administración.',
    network: 'No se pudo conectar con el servidor. Compruebe su conexión e inténtelo de nuevo.',
    rateLimited: 'Demasiados intentos. Espere un poco e inténtelo de nuevo.',
    rateLimitedFor: 'Demasiados intentos. Inténtelo de nuevo en {time}.',
    unexpected: 'Ocurrió un error inesperado. Vuelva a cargar la página e inténtelo de nuevo.',
    codes: errorCodes, // every code the API answers with, in errors.js
  },
  shell: {
    skip: 'Saltar al contenido principal',
    navLabel: 'Principal',
    loggedInAs: 'Sesión iniciada como ',
    logout: 'Cerrar sesión',
    logoutFailed: 'No se pudo cerrar la sesión: {reason}',
    menu: 'Menú',
  },
  nav: {
    home: 'Inicio',
    audits: 'Auditorías',
    dashboard: 'Panel',
    findings: 'Hallazgos',
    community: 'Reportes de la comunidad',
    schedules: 'Programación',
    myItems: 'Mis tareas',
    inbox: 'Bandeja de entrada',
    spaces: 'Espacios',
    users: 'Usuarios',
    import: 'Importar',
    progress: 'Página de avances',
  },
  update: {
    available: 'Hay una nueva versión de Spaces Audit lista para usar.',
    reload: 'Usar la nueva versión',
  },
  offline: {
    short: 'No tiene conexión: su trabajo se guarda aquí',
    more: 'Lo que ve se guardó en este dispositivo. Las respuestas de auditoría, los espacios omitidos, los hallazgos, el trabajo en sus tareas y los comentarios se guardan aquí y se envían cuando vuelva la conexión; los demás cambios necesitan conexión.',
    title: 'No tiene conexión',
    text: 'Spaces Audit no puede conectarse con el servidor y este dispositivo no tiene una sesión guardada. Conéctese a internet e inténtelo de nuevo.',
  },
  notFound: {
    title: 'No se encontró la página',
    text: 'No hay nada en esta dirección. Puede que se haya escrito mal o que la página se haya movido.',
  },
  forbidden: {
    title: 'No disponible para sus roles',
    text: 'Esta pantalla es para otros roles. Si la necesita para su trabajo, pida al equipo de administración que agregue ese rol a su cuenta.',
  },
  storage: {
    title: 'Almacenamiento en este dispositivo',
    used: 'Esta aplicación usa {used} MB de los {quota} MB que le permite el navegador.',
    unknown: 'Este navegador no indica cuántos datos guarda.',
    persisted: 'El navegador aceptó conservar estos datos aunque el dispositivo se quede sin espacio.',
    notPersisted: 'El navegador podría borrar estos datos si el dispositivo se queda sin espacio. Envíe sus cambios con frecuencia.',
    persist: 'Pedir al navegador que conserve estos datos',
    refused: 'El navegador no aceptó. Si instala la aplicación en la pantalla de inicio, por lo general podrá conservar los datos.',
  },
  logout: {
    title: '¿Cerrar sesión con cambios sin enviar?',
    waiting: {
      one: '1 cambio hecho en este dispositivo todavía no llegó al servidor.',
      many: '{count} de cambios hechos en este dispositivo todavía no llegaron al servidor.',
      other: '{count} cambios hechos en este dispositivo todavía no llegaron al servidor.',
    },
    kept: 'Si cierra sesión ahora, se quedan en este dispositivo y se envían la próxima vez que usted inicie sesión aquí. Nadie más que inicie sesión en este dispositivo podrá enviarlos.',
    send: 'Quedarme y enviarlos',
    anyway: 'Cerrar sesión y guardarlos aquí',
    list: 'Ver los cambios',
  },
};
