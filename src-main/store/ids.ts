import { v7 as uuidv7 } from 'uuid';

/** Time-ordered ids: rows created on different devices merge without clashing and sort by age. */
export const newId = (): string => uuidv7();
