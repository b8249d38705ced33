import { createTranslator } from '@ketenregie/platform-web';
import { en } from './en';
import { nl } from './nl';

export type { MessageKey } from './nl';
export { formatDateTime, formatNumber } from '@ketenregie/platform-web';

export const t = createTranslator({ nl, en });
