// The auth room's public surface: accounts, links, login, sessions, scopes and the policy.
export * from './policy';
export * from './password.server';
export * from './accounts.server';
export * from './login.server';
export * from './sessions.server';
export * from './scope.server';
export * from './setup.server';
export * from './mail.server';
