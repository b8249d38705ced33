import { createTranslator } from '@ketenregie/platform-web';
import { en } from './en';
import { nl } from './nl';

export const t = createTranslator({ nl, en });
