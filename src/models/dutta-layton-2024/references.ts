import type { Reference } from '../../model/spec.js';

/** The paper and the authors' code this model transcribes. */
export const references: Reference[] = [
  {
    id: 'dutta2024',
    citation:
      'Dutta P, Layton AT. Modeling calcium and magnesium balance: Regulation by calciotropic hormones ' +
      'and adaptations under varying dietary intake. iScience 2024;27(11):111077.',
    doi: '10.1016/j.isci.2024.111077',
    url: 'https://github.com/Pritha17/Magnesium_calcium_homeostasis/tree/1c282e015f80',
  },
  {
    id: 'granjon2016',
    citation:
      'Granjon D, Bonny O, Edwards A. A model of calcium homeostasis in the rat. ' +
      'Am J Physiol Renal Physiol 2016;311(6):F1047-F1062.',
    doi: '10.1152/ajprenal.00230.2016',
    pmid: '27358053',
  },
];
