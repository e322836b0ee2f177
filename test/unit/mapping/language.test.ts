import { matchLanguage } from "../../../src/mapping";

const enabled = ["en", "da", "en-GB", "pt-BR", "zh-Hant"];

test.each([
  ["da", "da"],
  ["DA", "da"],
  ["da-DK", "da"],
  ["da_DK", "da"],
  ["da_DK.UTF-8", "da"],
  ["de_DE@euro", undefined],
  ["en-GB", "en-GB"],
  ["en_gb", "en-GB"],
  ["en-US", "en"],
  ["pt-BR", "pt-BR"],
  ["pt-PT", undefined],
  ["zh-hant", "zh-Hant"],
  ["da-DK,da;q=0.9,en;q=0.8", "da"],
  ["", undefined],
  ["  ", undefined],
  ["fr", undefined],
])("%j → %j (exact tag first, then the base language)", (value, expected) => {
  expect(matchLanguage(value, enabled)).toBe(expected);
});
