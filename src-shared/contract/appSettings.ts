import { z } from 'zod';
import { defineChannel } from './defineChannel.js';

// App settings kept in `<dataDir>/settings.json`: what the user sets once for this machine.

/** Which llama.cpp tools the llama.cpp engine would run now, and where that folder came from. */
export const LlamaCppInstallSchema = z.object({
  dir: z.string(),
  from: z.enum(['HEADROOM_LLAMA_CPP_BIN', 'settings', 'PATH']),
});

export const AppSettingsSchema = z.object({
  /** The folder holding llama-server, llama-bench and llama-fit-params; null: look in HEADROOM_LLAMA_CPP_BIN, then PATH. */
  llamaCppBin: z.string().nullable(),
  /** What the llama.cpp engine finds with these settings (HEADROOM_LLAMA_CPP_BIN first); null when nothing. */
  llamaCppInUse: LlamaCppInstallSchema.nullable(),
});
export type AppSettings = z.infer<typeof AppSettingsSchema>;

export const appSettingsChannels = {
  'settings:get': defineChannel({
    summary: 'The app settings, and which llama.cpp tools the llama.cpp engine would use.',
    input: z.object({}).strict(),
    output: AppSettingsSchema,
  }),
  'settings:setLlamaCppBin': defineChannel({
    summary: 'Set (after checking it holds llama-server, llama-bench and llama-fit-params) or clear the llama.cpp binaries folder.',
    input: z.object({ path: z.string().trim().min(1).max(4096).nullable() }).strict(),
    output: AppSettingsSchema,
  }),
};
