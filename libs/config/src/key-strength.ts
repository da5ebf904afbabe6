/**
 * A conservative estimate of how many bits of entropy a secret chosen by a person holds, to refuse
 * weak ones at start-up. Each character that could not be predicted from those before it counts
 * log2(alphabet) bits, where the alphabet is the number of distinct characters the secret uses
 * (a key of six different characters has a six-letter alphabet, whatever they are). Predictable
 * characters count nothing: a repeat of the one before ("aaa"), the continuation of a run
 * ("abcd", "4321") and a copy of an earlier stretch of three or more ("abcabc", "key-key").
 *
 * Dictionary words are not recognized, so a passphrase of common words is overrated: the way to a
 * good key is a generated one (`openssl rand -base64 32`, about 190 bits by this estimate).
 */
export function estimateKeyBits(key: string): number {
  const chars = Array.from(key);
  const alphabet = new Set(chars).size;
  if (alphabet < 2) return 0;
  let unpredictable = 0;
  for (let i = 0; i < chars.length; ) {
    const copied = longestEarlierCopy(chars, i);
    if (copied >= 3) {
      i += copied;
      continue;
    }
    if (!repeatsOrContinuesRun(chars, i)) unpredictable++;
    i++;
  }
  return unpredictable * Math.log2(alphabet);
}

/** The minimum an operator key must reach by that estimate. */
export const MIN_OPERATOR_KEY_BITS = 128;

function repeatsOrContinuesRun(chars: string[], i: number): boolean {
  if (i === 0) return false;
  const step = code(chars[i]) - code(chars[i - 1]);
  if (step === 0) return true;
  return i >= 2 && Math.abs(step) === 1 && code(chars[i - 1]) - code(chars[i - 2]) === step;
}

/** Length of the longest stretch starting at `i` that also starts at an earlier position. */
function longestEarlierCopy(chars: string[], i: number): number {
  let longest = 0;
  for (let j = 0; j < i; j++) {
    let length = 0;
    while (i + length < chars.length && chars[j + length] === chars[i + length]) length++;
    longest = Math.max(longest, length);
  }
  return longest;
}

function code(char: string): number {
  return char.codePointAt(0)!;
}
