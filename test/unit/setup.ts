import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

// The WXT plugin stubs the globals but does not reset them between tests.
beforeEach(() => fakeBrowser.reset());
afterEach(() => cleanup());
