/** The table's stream, when one is asked for. */
import type { StreamSpecification } from '@aws-sdk/client-dynamodb';

/** The only stream the library asks for: the change feed compares both images. */
export const STREAM_SPECIFICATION: Readonly<StreamSpecification> = Object.freeze({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
