/*
 * PHP writes floats into SOAP with its `precision` setting (14 by default): the value rounded
 * to 14 significant digits (ties to even, on the exact binary value), trailing zeros dropped,
 * plain notation for decimal exponents -4..14 and otherwise "1.0E+20" / "1.5E-7".
 * Exact arithmetic on the double's binary expansion, so no rounding of our own creeps in.
 */

const PRECISION = 14;

export function formatPhpFloat(x: number): string {
  if (Number.isNaN(x)) return 'NAN';
  if (x === Infinity) return 'INF';
  if (x === -Infinity) return '-INF';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return `${sign}0`;
  const { digits, point } = roundedDigits(Math.abs(x), PRECISION);
  // value = 0.DIGITS × 10^point
  if (point < -3 || point > PRECISION) {
    const exp = point - 1;
    const mantissa = `${digits[0]}.${digits.length > 1 ? digits.slice(1) : '0'}`;
    return `${sign}${mantissa}E${exp < 0 ? '-' : '+'}${Math.abs(exp)}`;
  }
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (digits.length <= point) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** x > 0, finite → its significant digits rounded to `precision` (no trailing zeros) and the decimal point position. */
function roundedDigits(x: number, precision: number): { digits: string; point: number } {
  const { digits: exact, point: exactPoint } = exactDecimal(x);
  let point = exactPoint;
  let digits = exact;
  if (digits.length > precision) {
    const head = digits.slice(0, precision);
    const rest = digits.slice(precision);
    const firstDropped = rest.charCodeAt(0) - 48;
    const tie = firstDropped === 5 && /^50*$/.test(rest);
    const up = firstDropped > 5 || (firstDropped === 5 && !tie) || (tie && (head.charCodeAt(precision - 1) - 48) % 2 === 1);
    if (up) {
      const bumped = (BigInt(head) + 1n).toString();
      if (bumped.length > precision) {
        point++;
        digits = bumped.slice(0, precision);
      } else {
        digits = bumped;
      }
    } else {
      digits = head;
    }
  }
  return { digits: digits.replace(/0+$/, ''), point };
}

/** The exact decimal expansion of a positive finite double: value = 0.DIGITS × 10^point. */
function exactDecimal(x: number): { digits: string; point: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp2: number;
  if (biased === 0) {
    exp2 = -1074;
  } else {
    mantissa |= 1n << 52n;
    exp2 = biased - 1075;
  }
  let digits: string;
  let point: number;
  if (exp2 >= 0) {
    digits = (mantissa << BigInt(exp2)).toString();
    point = digits.length;
  } else {
    // m × 2^-k = m × 5^k / 10^k
    digits = (mantissa * 5n ** BigInt(-exp2)).toString();
    point = digits.length + exp2;
  }
  return { digits: digits.replace(/0+$/, ''), point };
}
