export { QuarryError } from './quarry-error';
export type { ErrorCode, ErrorDetail } from './quarry-error';
