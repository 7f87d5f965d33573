import { restartWithArenaCap } from './malloc-arenas';

// Nothing else is loaded before this check: when the process restarts itself (see malloc-arenas.ts),
// the relaying parent stays a bare Node process of a few MB.
if (!restartWithArenaCap()) require('./serve');
