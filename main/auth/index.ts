export { TokenStore, type SecureStorage, type SaveResult } from './tokenStore';
