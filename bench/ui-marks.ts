/** What the floor page renders, and what the bench waits for on it (bench/ui/in-page.ts). */
export const FLOOR_TEXT = 'Bare React page, rendered.';
