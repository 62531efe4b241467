import {
  formatReceiptCode,
  INBOX_TASK_KINDS,
  isReceiptCode,
  normaliseReceiptCode,
  publicCommentActionInput,
  RECEIPT_ALPHABET,
  RECEIPT_LENGTH,
  TASK_KINDS,
} from './index';

describe('receipt codes', () => {
  it('use an alphabet without look-alikes', () => {
    for (const c of '01OILU') expect(RECEIPT_ALPHABET).not.toContain(c);
    expect(new Set(RECEIPT_ALPHABET).size).toBe(RECEIPT_ALPHABET.length);
    // ~59 bits: unguessable at any rate the look-up allows.
    expect(RECEIPT_LENGTH * Math.log2(RECEIPT_ALPHABET.length)).toBeGreaterThan(55);
  });

  it('read back as typed: lower case, dashes and spaces', () => {
    const code = 'N5Q3GR5CSS4W';
    expect(formatReceiptCode(code)).toBe('N5Q3-GR5C-SS4W');
    expect(normaliseReceiptCode(' n5q3-gr5c ss4w ')).toBe(code);
    expect(isReceiptCode(normaliseReceiptCode(formatReceiptCode(code)))).toBe(true);
    expect(isReceiptCode('N5Q3GR5CSS4')).toBe(false);
    expect(isReceiptCode('N5Q3GR5CSS40')).toBe(false);
  });
});

describe('public comment actions', () => {
  it('need a finding to link and words to reply; closing needs neither', () => {
    expect(publicCommentActionInput.safeParse({ action: 'link' }).success).toBe(false);
    expect(publicCommentActionInput.safeParse({ action: 'link', findingId: 'f' }).success).toBe(
      true,
    );
    expect(publicCommentActionInput.safeParse({ action: 'reply', reply: ' ' }).success).toBe(false);
    expect(publicCommentActionInput.safeParse({ action: 'reply', reply: '已答复' }).success).toBe(
      true,
    );
    expect(publicCommentActionInput.safeParse({ action: 'close' }).success).toBe(true);
    expect(publicCommentActionInput.safeParse({ action: 'ignore' }).success).toBe(false);
  });

  it('are an inbox kind beside every workflow kind', () => {
    expect(INBOX_TASK_KINDS).toEqual([...TASK_KINDS, 'public_comment']);
  });
});
