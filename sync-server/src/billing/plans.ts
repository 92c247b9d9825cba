import { z } from 'zod';

const planSchema = z.object({
  name: z.string().regex(/^[a-z0-9-]+$/),
  priceId: z.string().min(1),
  monthlyBooks: z.number().int().min(0),
  monthlyPictures: z.number().int().min(0),
});
export type Plan = z.output<typeof planSchema>;

/** The plans from configuration; a malformed list stops the server with the reason. */
export function readPlans(json: string): Plan[] {
  const parsed = z.array(planSchema).min(1).safeParse(JSON.parse(json));
  if (!parsed.success) throw new Error(`PLANS is not a list of plans: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}
