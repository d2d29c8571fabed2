import { describe, expect, it } from 'vitest';
import { inches, moneyText, sizeText, techniquesText } from '../../src/lib/catalogue.ts';

describe('inches', () => {
  it('rounds to the nearest eighth and reduces the fraction', () => {
    expect(inches(25.4)).toBe('1');
    expect(inches(300)).toBe('11 3/4'); // 11.81 → 11 6/8
    expect(inches(200)).toBe('7 7/8'); // 7.874
    expect(inches(12.7)).toBe('1/2');
    expect(inches(420)).toBe('16 1/2'); // 16.535
    expect(inches(3)).toBe('1/8');
  });

  it('prints a size in millimetres with inches beside it', () => {
    expect(sizeText({ width: 300, height: 200 })).toBe('300 × 200 mm (11 3/4 × 7 7/8 in)');
  });
});

describe('words', () => {
  it('names techniques with their labels', () => {
    expect(techniquesText(['etching', 'chine_colle'])).toBe('Etching, Chine-collé');
    expect(techniquesText([])).toBe('');
  });

  it('prints prices from minor units, without .00 on whole amounts', () => {
    expect(moneyText({ amountMinor: 32000, currency: 'EUR' })).toBe('€320');
    expect(moneyText({ amountMinor: 32050, currency: 'GBP' })).toBe('£320.50');
  });
});
