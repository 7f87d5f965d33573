export { removeImage as default } from './sqlite-image';
