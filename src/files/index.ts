export { MediaRejected, StorageError, type StorageFailure } from './errors';
export { IMAGE_WIDTHS, SHARE_SIZE, processImage, type ImageOptions, type ImageOutput, type MediaOutput } from './images';
export { contentTypeFor, isMediaKey, mediaKey, newMediaId } from './keys';
export { mediaMessage, mediaMessages, type MediaMessageKey } from './messages';
export { checkPdf } from './pdf';
export { deleteVariants, saveUpload, sweepOrphans, type SavedFile, type SavedUpload, type UploadKind } from './save';
export { S3Storage, type S3StorageOptions } from './s3-storage';
export { LocalStorage, type MediaStorage, type StoredObject } from './storage';
export { storageFromConfig, storageLabel } from './storage-from-config';
