import { useEffect, useMemo, useState } from 'react';
import type { HardwareReport } from '../../../src-shared/contract/hardware';
import { stepToEvidence } from '../../../src-shared/knowledge/probeEvidence';
import { useChannel } from '../../bridge/useChannel';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Spinner } from '../../components/Spinner';
import { LogInput, type LogInputValue } from '../diagnose/LogInput';
import { takeHandedOffLog } from './handoff';
import { MemoryPictureCard } from './MemoryPictureCard';
import { ProbeStepPicker, type PickedStep } from './ProbeStepPicker';
import { RankedFixes } from './RankedFixes';
import { VerifyPanel, type VerifyBase } from './VerifyPanel';
import '../diagnose/diagnose.css';

type Symptom = { kind: 'log'; value: LogInputValue } | { kind: 'probe'; picked: PickedStep };

/** The GPU the troubleshooter draws against: the first one the hardware probe found. */
function firstGpu(report: HardwareReport) {
  const gpu = report.gpus[0];
  return gpu ? { name: gpu.name, totalBytes: gpu.vramTotalBytes, freeBytes: gpu.vramFreeBytes } : null;
}

/**
 * The out-of-memory troubleshooter: from a pasted log or a failed probe step to where memory ran
 * out, the memory picture, fixes ranked by expected saving, a verification on this machine and
 * the recipe export.
 */
export function TroubleshootScreen() {
  const [tab, setTab] = useState<'log' | 'probe'>('log');
  const [symptom, setSymptom] = useState<Symptom | null>(null);
  const [analysis, analyze] = useChannel('diagnosis:analyzeOom');
  const [hardware, probeHardware] = useChannel('hardware:probe');
  const [selected, setSelected] = useState<number | null>(null);
  const device = useMemo(() => (hardware.status === 'done' ? firstGpu(hardware.value) : null), [hardware]);

  useEffect(() => void probeHardware({}), [probeHardware]);
  useEffect(() => {
    const handed = takeHandedOffLog();
    if (handed) setSymptom({ kind: 'log', value: { text: handed.text, runtime: handed.runtime, fileName: null } });
  }, []);
  useEffect(() => {
    if (!symptom) return;
    setSelected(null);
    const request = symptom.kind === 'log'
      ? { text: symptom.value.text, ...(symptom.value.runtime ? { runtime: symptom.value.runtime } : {}) }
      : { text: '', probe: [stepToEvidence(symptom.picked.step)] };
    void analyze({ ...request, device });
    // The device arrives later than a handed-over log: analysing again then completes the picture.
  }, [symptom, device, analyze]);

  const base = useMemo<VerifyBase>(() => (symptom?.kind === 'probe'
    ? { modelPath: symptom.picked.modelPath, contextSize: symptom.picked.step.contextSize, flashAttention: symptom.picked.step.flashAttention, typeK: symptom.picked.step.typeK, typeV: symptom.picked.step.typeV, budget: symptom.picked.step.budget }
    : { modelPath: null, contextSize: null, flashAttention: null, typeK: null, typeV: null, budget: null }), [symptom]);

  return (
    <div className="screen troubleshoot">
      <header className="screen-head">
        <div>
          <h1>Out of memory? Step by step</h1>
          <p className="muted">Where memory ran out, what filled it, which change frees enough — checked on this machine before you rely on it.</p>
        </div>
      </header>

      <h2>1 · The symptom</h2>
      <div className="tabs" role="tablist">
        <button role="tab" aria-selected={tab === 'log'} onClick={() => setTab('log')}>Paste a log</button>
        <button role="tab" aria-selected={tab === 'probe'} onClick={() => setTab('probe')}>A failed probe step</button>
      </div>
      {tab === 'log' ? <LogInput busy={analysis.status === 'loading'} submitLabel="Analyze" onSubmit={(value) => setSymptom({ kind: 'log', value })} /> : <ProbeStepPicker onPick={(picked) => setSymptom({ kind: 'probe', picked })} />}
      {symptom?.kind === 'log' && symptom.value.fileName === null && tab === 'log' && <p className="muted small">Analysing {symptom.value.text.length.toLocaleString()} characters of log.</p>}

      {analysis.status === 'loading' && <Spinner label="Reading where memory ran out…" />}
      {analysis.status === 'error' && <ErrorPanel error={analysis.error} />}
      {analysis.status === 'done' && (
        <>
          <h2>2 · Where it ran out</h2>
          <p className="big" data-testid="phase-text">{analysis.value.phaseText}</p>
          {analysis.value.diagnosis.matches[0] && <p className="muted small">Diagnosis: {analysis.value.diagnosis.matches[0].title} ({analysis.value.diagnosis.category}).</p>}
          <MemoryPictureCard analysis={analysis.value} deviceSource={device && analysis.value.diagnosis.extracted.totalMiB === undefined ? 'device memory from the hardware probe' : null} />

          <h2>3 · Fixes, best first</h2>
          <RankedFixes fixes={analysis.value.fixes} selected={selected} onSelect={setSelected} />

          {selected !== null && analysis.value.fixes[selected] && (
            <>
              <h2>4 · Verify on this machine, then export</h2>
              <VerifyPanel key={selected} analysis={analysis.value} fix={analysis.value.fixes[selected]} base={base} />
            </>
          )}
        </>
      )}
    </div>
  );
}
