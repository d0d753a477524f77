import { useState } from 'react';
import { navigate } from '../../app/navigation';

/** "Check a model from Hugging Face": a reference goes to the Will it run? screen, which reads only its header. */
export function CheckRemoteForm() {
  const [ref, setRef] = useState('');
  return (
    <form className="toolbar" onSubmit={(e) => { e.preventDefault(); if (ref.trim()) navigate('whatif', { ref: ref.trim() }); }}>
      <input aria-label="Hugging Face reference" placeholder="hf:owner/repo/file.gguf or owner/repo:Q4_K_M" value={ref} onChange={(e) => setRef(e.target.value)} size={50} />
      <button type="submit" disabled={!ref.trim()}>Check a model from Hugging Face</button>
    </form>
  );
}
