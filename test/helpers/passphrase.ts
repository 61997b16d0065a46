// A cache passphrase strong enough to create a cache with (main/core/passphrase-strength.ts
// refuses short or guessable ones when a cache is created). Test data only.
export const TEST_PASSPHRASE = 'test cache passphrase, strong enough';
