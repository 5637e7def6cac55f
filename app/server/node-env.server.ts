// Imported first by server.ts: React and React Router choose their development or production build from
// process.env.NODE_ENV when they load, and the config already treats an unset NODE_ENV as production. Without
// this, `npm start` rendered every page with React's development build (about twice the server CPU per page).
process.env.NODE_ENV ??= 'production';
