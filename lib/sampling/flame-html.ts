// `causalprof sample -o flame.html`: the profile as an interactive flame graph, one offline
// file (page/flame/, d3-flame-graph bundled in).
import type { Profile } from 'pprof-format';
import { htmlDocument, pageScript } from '../html/document';
import { flameData } from './flame';

export function renderFlameHtml(profile: Profile, title: string): string {
  return htmlDocument({ title, data: flameData(profile), script: pageScript('flame') });
}
