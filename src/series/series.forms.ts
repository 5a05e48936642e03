import { z } from 'zod';

const str = (name: string) => z.string({ error: `${name} must be text.` });

const seriesFields = {
  title: str('The title').trim().min(1, 'Give the series a title.').max(255, 'Titles are at most 255 characters.'),
  summary: str('The summary').trim().max(1250, 'Summaries are at most 1,250 characters.'),
  notes: str('Notes').trim().max(5000, 'Notes are at most 5,000 characters.'),
  complete: z.boolean({ error: 'complete is true or false.' }),
};

export const seriesInputSchema = z.object({
  ...seriesFields,
  summary: seriesFields.summary.default(''),
  notes: seriesFields.notes.default(''),
  complete: seriesFields.complete.default(false),
});

export const seriesPatchSchema = z
  .object({
    ...seriesFields,
    works: z.array(z.number({ error: 'works is a list of work ids.' }).int().positive(), { error: 'works is a list of work ids.' }).max(1000),
  })
  .partial()
  .strict();
