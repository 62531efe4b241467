import { z } from 'zod';
import { PUBLIC_COMMENT_ACTIONS } from './public-comments';

/** Body of `POST /api/tasks/:id/complete` for a `public_comment` task. */
export const publicCommentActionInput = z
  .object({
    action: z.enum(PUBLIC_COMMENT_ACTIONS),
    findingId: z.string().min(1).optional(),
    reply: z.string().max(2000).optional(),
    note: z.string().max(2000).optional(),
  })
  .refine((b) => b.action !== 'link' || !!b.findingId, {
    message: 'findingId is required to link',
    path: ['findingId'],
  })
  .refine((b) => b.action !== 'reply' || !!b.reply?.trim(), {
    message: 'reply is required to reply',
    path: ['reply'],
  });
export type PublicCommentActionInput = z.infer<typeof publicCommentActionInput>;
