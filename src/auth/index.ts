// The auth room's public surface: accounts, links, login, sessions, scopes and the policy.
export * from './policy';
export * from './password';
export * from './accounts';
export * from './login';
export * from './sessions';
export * from './scope';
export * from './setup';
export * from './mail';
