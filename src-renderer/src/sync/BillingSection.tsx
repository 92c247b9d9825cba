import { useId } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { BillingView } from '../../../src-preload/contract';
import { ErrorNote } from '../app/ErrorNote';
import { bridgeClient } from '../bridge/client';
import { openOutside, useBilling } from './sync-queries';
import { day } from './sync-words';

/** Stripe's subscription states, as a family would say them. */
const SUBSCRIPTION_WORDS: Record<string, string> = {
  active: 'active',
  trialing: 'on a free trial',
  past_due: 'the last payment did not go through',
  unpaid: 'unpaid',
  incomplete: 'waiting for the first payment',
  incomplete_expired: 'the first payment did not go through',
  canceled: 'cancelled',
  paused: 'paused',
};

const month = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' });
const planWords = (name: string) => name.split('-').map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ');

/**
 * The family's plan for StorySprout Cloud and this month's use of it; subscribing and managing
 * billing happen on Stripe's pages in the browser. A server without billing says so, calmly.
 */
export function BillingSection() {
  const billing = useBilling();
  const checkout = useMutation({ mutationFn: (plan: string) => bridgeClient.call('sync.checkout', { plan }), onSuccess: ({ url }) => openOutside(url) });
  const portal = useMutation({ mutationFn: () => bridgeClient.call('sync.billingPortal', {}), onSuccess: ({ url }) => openOutside(url) });
  const id = useId();
  return (
    <div className="stack sync-part" role="group" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>Plan and usage</h4>
      {billing.error && <ErrorNote error={billing.error} calm />}
      {billing.data && <PlanState billing={billing.data} />}
      {billing.data && (
        <ul className="plans" aria-label="Plans">
          {billing.data.plans.map((plan) => {
            const current = plan.name === billing.data.usage.plan;
            return (
              <li key={plan.name}>
                <span>
                  <strong>{planWords(plan.name)}</strong>: {plan.monthlyBooks} books and {plan.monthlyPictures} pictures a month
                </span>
                {current ? (
                  <span className="badge">Your plan</span>
                ) : (
                  <button type="button" onClick={() => checkout.mutate(plan.name)} disabled={checkout.isPending}>
                    Subscribe to {planWords(plan.name)}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {billing.data && billing.data.subscription.status !== 'none' && (
        <button type="button" onClick={() => portal.mutate()} disabled={portal.isPending}>
          Manage billing
        </button>
      )}
      {[checkout.error, portal.error].map((error, index) => error && <ErrorNote key={index} error={error} calm />)}
    </div>
  );
}

function PlanState({ billing }: { billing: BillingView }) {
  const { subscription, usage } = billing;
  const period = month.format(new Date(`${usage.period}-01T00:00:00`));
  const state = SUBSCRIPTION_WORDS[subscription.status] ?? subscription.status;
  return (
    <>
      <p>
        {subscription.plan ? (
          <>
            <strong>{planWords(subscription.plan)}</strong> plan: {state}
            {subscription.nextBillingDate && `; next payment on ${day.format(new Date(subscription.nextBillingDate))}`}.
          </>
        ) : subscription.status === 'none' ? (
          'No plan yet.'
        ) : (
          `No plan: ${state}.`
        )}
      </p>
      {usage.plan ? (
        <div className="usage">
          <UsageMeter label={`Books in ${period}`} allowance={usage.books} />
          <UsageMeter label={`Pictures in ${period}`} allowance={usage.pictures} />
        </div>
      ) : (
        <p className="hint">With a plan, StorySprout Cloud writes and draws the family’s books with no key of your own (choose it in “Where stories and pictures come from”).</p>
      )}
    </>
  );
}

function UsageMeter({ label, allowance }: { label: string; allowance: { used: number; included: number } }) {
  const id = useId();
  return (
    <div className="usage-meter">
      <label htmlFor={id}>{label}</label>
      <meter id={id} min={0} max={allowance.included} high={allowance.included * 0.9} value={allowance.used} />
      <span>
        {allowance.used} of {allowance.included}
      </span>
    </div>
  );
}
