/**
 * Sources of the human Mg–bone model. Entries from the project's science notes
 * (`shared/science/references.json`, where "unverified" marks citations still to check against the
 * paper), plus the few this model adds (verified abstracts: Firoz & Graber 2001, Kappeler 2017,
 * Hardwick 1991; the Mg-tolerance-test protocol; Carter & Hayes 1977 for strength ∝ density²).
 */
import type { Reference } from '../../model/spec.js';
import { BMD_REFERENCES } from './bmd.js';
import { OPENBONEMIN, PETERSON_2004_DENOSUMAB, PETERSON_2010, PETERSON_2012, RIGGS_2012 } from '../bone-core/references.js';

const FROM_NOTES: Reference[] = [
  { id: 'castiglioni2013', citation: 'Castiglioni S, Cazzaniga A, Albisetti W, Maier JAM (2013). Magnesium and osteoporosis: current state of knowledge and future research directions. Nutrients 5(8):3022-3033.', doi: '10.3390/nu5083022', pmid: '23912329', url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC3775240' },
  { id: 'fatemi1991', citation: 'Fatemi S, Ryzen E, Flores J, Endres DB, Rude RK (1991). Effect of experimental human magnesium depletion on parathyroid hormone secretion and 1,25-dihydroxyvitamin D metabolism. J Clin Endocrinol Metab 73(5):1067-1072.', doi: '10.1210/jcem-73-5-1067', pmid: '1939521' },
  { id: 'rude1985', citation: 'Rude RK, Adams JS, Ryzen E, et al. (1985). Low serum concentrations of 1,25-dihydroxyvitamin D in human magnesium deficiency. J Clin Endocrinol Metab 61(5):933-940.', doi: '10.1210/jcem-61-5-933', pmid: '3840173' },
  { id: 'suh1973', citation: 'Suh SM, Tashjian AH Jr, Matsuo N, Parkinson DK, Fraser D (1973). Pathogenesis of hypocalcemia in primary hypomagnesemia: normal end-organ responsiveness to parathyroid hormone, impaired parathyroid gland function. J Clin Invest 52(1):153-160.', doi: '10.1172/JCI107159', pmid: '4345201', url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC302237' },
  { id: 'rude1976', citation: 'Rude RK, Oldham SB, Singer FR (1976). Functional hypoparathyroidism and parathyroid hormone end-organ resistance in human magnesium deficiency. Clin Endocrinol (Oxf).' },
  { id: 'cholst1984', citation: 'Cholst IN, Steinberg SF, Tropper PJ, Fox HE, Segre GV, Bilezikian JP (1984). The influence of hypermagnesemia on serum calcium and parathyroid hormone levels in human subjects. N Engl J Med 310(19):1221-1225.' },
  { id: 'massry1970', citation: 'Massry SG, et al. (1970). Evidence for suppression of parathyroid gland activity by hypermagnesemia. J Clin Invest 49(9):1619-1629.', doi: '10.1172/JCI106379', pmid: '5449702', url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC322645' },
  { id: 'vetter2002', citation: 'Vetter T, Lohse MJ (2002). Magnesium and the parathyroid. Curr Opin Nephrol Hypertens.' },
  { id: 'rizzoli2015', citation: 'Rizzoli R (2015). Hypoparathyroidism during magnesium deficiency or excess. In: Hypoparathyroidism (Springer Milan), chapter 37.', doi: '10.1007/978-88-470-5376-2_37' },
  { id: 'rude1998', citation: 'Rude RK, Kirchen ME, Gruber HE, Stasky AA, Meyer MH (1998). Magnesium deficiency induces bone loss in the rat. Miner Electrolyte Metab (journal name from memory).', pmid: '9705567' },
  { id: 'rude1999', citation: 'Rude RK, Kirchen ME, Gruber HE, Meyer MH, Luck JS, Crawford DL (1999). Magnesium deficiency-induced osteoporosis in the rat: uncoupling of bone formation and bone resorption. Magnes Res 12(4):257-267.' },
  { id: 'rude2003mouse', citation: 'Rude RK, Gruber HE, Wei LY, Frausto A, Mills BG (2003). Magnesium deficiency: effect on bone and mineral metabolism in the mouse. Calcif Tissue Int 72(1):32-41.' },
  { id: 'rude2004', citation: 'Rude RK, Gruber HE, Norton HJ, Wei LY, Frausto A, Mills BG (2004). Bone loss induced by dietary magnesium reduction to 10% of the nutrient requirement in rats is associated with increased release of substance P and tumor necrosis factor-alpha. J Nutr 134(1):79-85.' },
  { id: 'rude2005', citation: 'Rude RK, Gruber HE, Norton HJ, Wei LY, Frausto A, Kilburn J (2005). Dietary magnesium reduction to 25% of nutrient requirement disrupts bone and mineral metabolism in the rat. Bone 37(2):211-219.' },
  { id: 'rude2006', citation: 'Rude RK, Gruber HE, Norton HJ, Wei LY, Frausto A, Kilburn J (2006). Reduction of dietary magnesium by only 50% in the rat disrupts bone and mineral metabolism. Osteoporos Int 17(7):1022-1032.' },
  { id: 'rude_tnfko', citation: 'not retrieved (Rude/Gruber group) (n.d.). TNF receptor knockout in mice reduces adverse effects of magnesium deficiency on bone. not retrieved.' },
  { id: 'creedon1999', citation: 'Creedon A, Flynn A, Cashman K (1999). The effect of moderately and severely restricted dietary magnesium intakes on bone composition and bone metabolism in the rat. Br J Nutr 82(1):63-71.' },
  { id: 'stendiglindberg2004', citation: 'Stendig-Lindberg G, Koeller W, Bauer A, Rob PM (2004). Prolonged magnesium deficiency causes osteoporosis in the rat. J Am Coll Nutr 23(6):704S-711S.', pmid: '15637219' },
  { id: 'heroux1975', citation: 'Heroux O, et al. (author list not retrieved) (1975). Effect of a chronic suboptimal intake of magnesium on magnesium and calcium content of bone and on bone strength of the rat. Can J Physiol Pharmacol 53(2):304-310.', doi: '10.1139/y75-043', pmid: '1137826' },
  { id: 'welsh1981', citation: 'Welsh J, Schwartz R, Krook L (1981). (title not retrieved) Mg-deficient chick bone and parathyroid study. J Nutr 111(3):514-524.', doi: '10.1093/jn/111.3.514', pmid: '7205405' },
  { id: 'boskey1992', citation: 'Boskey AL, et al. (1992). Effect of short-term hypomagnesemia on the chemical and mechanical properties of rat bone. J Orthop Res.' },
  { id: 'cohen1981', citation: 'Cohen L, Kitzes R (1981). Infrared spectroscopy and magnesium content of bone mineral in osteoporotic women. Isr J Med Sci.' },
  { id: 'alfrey1973', citation: 'Alfrey AC, Miller NL (1973). Bone magnesium pools in uremia. J Clin Invest 52(12):3019-3027.', doi: '10.1172/JCI107500', pmid: '4584344' },
  { id: 'belluci2013', citation: 'Belluci MM, et al. (2013). Magnesium deficiency results in an increased formation of osteoclasts. J Nutr Biochem.' },
  { id: 'leidi2011', citation: 'Leidi M, Dellera F, Mariotti M, Maier JAM (2011). High magnesium inhibits human osteoblast differentiation in vitro. Magnes Res 24(1):1-6.', doi: '10.1684/mrh.2011.0271' },
  { id: 'slc41a1_msc', citation: 'not retrieved (n.d.). (title not retrieved) High extracellular Mg and SLC41A1 in osteogenic differentiation of MSCs. not retrieved.', url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC5320718' },
  { id: 'maier2004', citation: 'Maier JAM, et al. (2004). Low magnesium promotes endothelial cell dysfunction: implications for atherosclerosis, inflammation and thrombosis. Biochim Biophys Acta.' },
  { id: 'bae_opg', citation: 'not retrieved (n.d.). Calcium and magnesium supplementation improves serum OPG/RANKL in calcium-deficient ovariectomized rats. not retrieved.' },
  { id: 'song2007', citation: 'Song Y, Li TY, van Dam RM, Manson JE, Hu FB (2007). Magnesium intake and plasma concentrations of markers of systemic inflammation and endothelial dysfunction in women. Am J Clin Nutr 85(4):1068-1074.', doi: '10.1093/ajcn/85.4.1068' },
  { id: 'chacko2010', citation: 'Chacko SA, et al. (2010). Relations of dietary magnesium intake to biomarkers of inflammation and endothelial dysfunction in an ethnically diverse cohort of postmenopausal women. Diabetes Care 33(2):304-310.' },
  { id: 'nielsen2018', citation: 'Nielsen FH (2018). Magnesium deficiency and increased inflammation: current perspectives. J Inflamm Res.', url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC5783146' },
  { id: 'dimai1998', citation: 'Dimai HP, Porta S, Wirnsberger G, Lindschinger M, Pamperl I, Dobnig H, Wilders-Truschnig M, Lau KH (1998). Daily oral magnesium supplementation suppresses bone turnover in young adult males. J Clin Endocrinol Metab 83(8):2742-2748.', doi: '10.1210/jcem.83.8.5015', pmid: '9709941' },
  { id: 'aydin2010', citation: 'Aydin H, Deyneli O, Yavuz D, et al. (2010). Short-term oral magnesium supplementation suppresses bone turnover in postmenopausal osteoporotic women. Biol Trace Elem Res 133(2):136-143.' },
  { id: 'carpenter2006', citation: 'Carpenter TO, et al. (2006). A randomized controlled study of effects of dietary magnesium oxide supplementation on bone mineral content in healthy girls. J Clin Endocrinol Metab 91(12):4866-4872.', url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC2995550' },
  { id: 'nielsen2007', citation: 'Nielsen FH, Milne DB, Gallagher S, Johnson L, Hoverson B (2007). Moderate magnesium deprivation results in calcium retention and altered potassium and phosphorus excretion by postmenopausal women. Magnes Res 20(1):19-31.', pmid: '17536485' },
  { id: 'orchard2014', citation: 'Orchard TS, Larson JC, Alghothani N, Bout-Tabaku S, Cauley JA, Chen Z, LaCroix AZ, Wactawski-Wende J, Jackson RD (2014). Magnesium intake, bone mineral density, and fractures: results from the Women\'s Health Initiative Observational Study. Am J Clin Nutr 99(4):926-933.', doi: '10.3945/ajcn.113.067488', pmid: '24500155' },
  { id: 'ryder2005', citation: 'Ryder KM, Shorr RI, Bush AJ, Kritchevsky SB, Harris T, Stone K, Cauley J, Tylavsky FA (2005). Magnesium intake from food and supplements is associated with bone mineral density in healthy older white subjects. J Am Geriatr Soc 53(11):1875-1880.' },
  { id: 'farsinejad2016', citation: 'Farsinejad-Marj M, Saneei P, Esmaillzadeh A (2016). Dietary magnesium intake, bone mineral density and risk of fracture: a systematic review and meta-analysis. Osteoporos Int 27(4):1389-1399.', doi: '10.1007/s00198-015-3400-y', pmid: '26556742' },
  { id: 'iom1997', citation: 'Institute of Medicine, Standing Committee on the Scientific Evaluation of Dietary Reference Intakes (1997). Dietary Reference Intakes for Calcium, Phosphorus, Magnesium, Vitamin D, and Fluoride (Chapter 6: Magnesium). National Academies Press.', doi: '10.17226/5776' },
  { id: 'faowho2004', citation: 'FAO/WHO (2004). Human vitamin and mineral requirements, Chapter 14: Magnesium. FAO/WHO report.', url: 'http://www.fao.org/DoCREP/004/Y2809E/y2809e0k.htm' },
  { id: 'fine1991', citation: 'Fine KD, Santa Ana CA, Porter JL, Fordtran JS (1991). Intestinal absorption of magnesium from food and supplements. J Clin Invest 88(2):396-402.', doi: '10.1172/JCI115317', pmid: '1864954', url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC295344' },
  { id: 'schuchardt2017', citation: 'Schuchardt JP, Hahn A (2017). Intestinal absorption and factors influencing bioavailability of magnesium - an update. Curr Nutr Food Sci 13(4):260-278.', doi: '10.2174/1573401313666170427162740', pmid: '29123461', url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC5652077' },
  { id: 'quamme1986', citation: 'Quamme GA, Dirks JH (1986). The physiology of renal magnesium handling. Renal Physiol 9(5):257-269.' },
  { id: 'avioli1966', citation: 'Avioli LV, Berman M (1966). Mg28 kinetics in man. J Appl Physiol 21(6):1688-1694.' },
  { id: 'mg28_turnover1960', citation: 'not shown in retrieved record (probably Aikawa JK et al.) (n.d.). Magnesium turnover in the human studied with Mg28. not retrieved.' },
  { id: 'rrnursing_atlas', citation: 'web reproduction of a renal atlas chapter (apparently Atlas of Diseases of the Kidney, Mg chapter) (n.d.). Gastrointestinal absorption / renal handling / total distribution of magnesium (figure legends). web.', url: 'https://www.rrnursingschool.biz/renal-failure-2/figure-45.html' },
  { id: 'barnard_renal', citation: 'web reproduction of a renal physiology text (n.d.). Magnesium transport. web.', url: 'https://www.barnardhealth.us/ascending-limb/magnesium-transport.html' },
  { id: 'park2014', citation: 'Park CH, Kim EH, Roh YH, Kim HY, Lee SK (2014). The association between the use of proton pump inhibitors and the risk of hypomagnesemia: a systematic review and meta-analysis. PLoS One 9(11):e112558.', doi: '10.1371/journal.pone.0112558', pmid: '25394217', url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC4230950' },
  { id: 'srinutta2019', citation: 'Srinutta T, et al. (author list from memory) (2019). Proton pump inhibitors and hypomagnesemia: a meta-analysis of observational studies. Medicine (Baltimore) 98(44):e17788.', doi: '10.1097/MD.0000000000017788', pmid: '31689852', url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC6946416' },
  { id: 'pitliya2023', citation: 'Pitliya A, Vasudevan SS, Batra V, Patel MB, Desai A, Nethagani S, Pitliya A (2023). Global prevalence of hypomagnesemia in type 2 diabetes mellitus - a comprehensive systematic review and meta-analysis of observational studies. Endocrine.', doi: '10.1007/s12020-023-03670-7' },
  { id: 'pham2007', citation: 'Pham PC, Pham PM, Pham SV, Miller JM, Pham PT (2007). Hypomagnesemia in patients with type 2 diabetes. Clin J Am Soc Nephrol 2(2):366-373.' },
  { id: 'tzanakis2008', citation: 'Tzanakis IP, et al. (2008). Magnesium carbonate for phosphate control in patients on hemodialysis. A randomized controlled trial. Int Urol Nephrol 40(1):193-201.', doi: '10.1007/s11255-007-9300-0', pmid: '18193489' },
  { id: 'karger_ckd', citation: 'not retrieved (2018). Magnesium in chronic kidney disease: should we care?. Blood Purif 45(1-3):173-178 (from URL).' },
  { id: 'barbagallo2021', citation: 'Barbagallo M, Veronese N, Dominguez LJ (2021). Magnesium in aging, health and diseases (title from memory). Nutrients 13(2).', url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC7912123' },
  { id: 'ford2003', citation: 'Ford ES, Mokdad AH (2003). Dietary magnesium intake in a national sample of US adults. J Nutr 133(9):2879-2882.', doi: '10.1093/jn/133.9.2879', pmid: '12949381' },
  { id: 'chang2020', citation: 'Chang J, Yu D, Ji J, Wang N, Yu S, Yu B (2020). The association between the concentration of serum magnesium and postmenopausal osteoporosis. Front Med 7:381.', doi: '10.3389/fmed.2020.00381' },
  { id: 'mederle2018', citation: 'Mederle OA, Balas M, Ioanoviciu SD, Gurban CV, Tudor A, Borza C (2018). Correlations between bone turnover markers, serum magnesium and bone mass density in postmenopausal osteoporosis. Clin Interv Aging 13:1383-1389.', doi: '10.2147/CIA.S170111', pmid: '30122910', url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC6080660' },
  { id: 'shils_depletion', citation: 'Shils ME (attributed; author list not shown in retrieved record) (n.d.). Experimental human magnesium depletion. not retrieved (probably Am J Clin Nutr 1964 or Medicine 1969).' },
  { id: 'nhmrc_nrv', citation: 'NHMRC / NZ Ministry of Health (2006). Nutrient Reference Values for Australia and New Zealand: Magnesium. web (eatforhealth.gov.au).', url: 'https://www.eatforhealth.gov.au/nutrient-reference-values/nutrients/magnesium' },
  { id: 'alpf_textbook', citation: 'web textbook excerpt (n.d.). Magnesium regulation. web.', url: 'https://www.alpfmedical.info/cardiac-output/magnesium-regulation.html' },
];

const ADDED: Reference[] = [
  { id: 'okusanya2016', citation: 'Okusanya BO, Oladapo OT, Long Q, et al. (2016). Clinical pharmacokinetic properties of magnesium sulphate in women with pre-eclampsia and eclampsia. BJOG 123(3):356-366 (4-6 g IV load doubles a baseline < 1 mmol/L at 30 min; 1 g/h keeps serum well below 2 mmol/L; V 13.65-49.00 L; clearance 4.28-5.00 L/h).', doi: '10.1111/1471-0528.13753', pmid: '26599617' },
  { id: 'lu2000', citation: 'Lu JF, Nightingale CH (2000). Magnesium sulfate in eclampsia and pre-eclampsia: pharmacokinetic principles. Clin Pharmacokinet 38(4):305-314 (90% of an IV dose in urine within 24 h; apparent V 0.250-0.442 L/kg at 3-4 h; regimen 4 g IV then 1-2 g/h).', doi: '10.2165/00003088-200038040-00002', pmid: '10803454' },
  { id: 'firoz2001', citation: 'Firoz M, Graber M (2001). Bioavailability of US commercial magnesium preparations. Magnes Res 14(4):257-262.', pmid: '11794633' },
  { id: 'kappeler2017', citation: 'Kappeler D, Heimbeck I, Herpich C, et al. (2017). Higher bioavailability of magnesium citrate as compared to magnesium oxide shown by evaluation of urinary excretion and serum levels after single-dose administration in a randomized cross-over study. BMC Nutr 3:7.', doi: '10.1186/s40795-016-0121-3' },
  { id: 'hardwick1991', citation: 'Hardwick LL, Jones MR, Brautbar N, Lee DB (1991). Magnesium absorption: mechanisms and the influence of vitamin D, calcium and phosphate. J Nutr 121(1):13-23.', doi: '10.1093/jn/121.1.13', pmid: '1992050' },
  { id: 'mg_tolerance_test', citation: 'Fulop T, et al. (2020). Hypomagnesemia: Medscape reference, diagnosis — magnesium retention test (2.4 mg/kg lean body weight IV over 4 h, 24-h urine; retention > 20% suggests deficiency).', url: 'https://www.medscape.com/answers/2038394-36008/when-is-measurement-of-magnesium-retention-used-in-the-diagnosis-of-hypomagnesemia' },
  { id: 'carter1977', citation: 'Carter DR, Hayes WC (1977). The compressive behavior of bone as a two-phase porous structure. J Bone Joint Surg Am 59(7):954-962 (compressive strength ∝ apparent density squared).' },
  { id: 'dutta2024', citation: 'Dutta P, Layton AT (2024). Modeling calcium and magnesium balance: regulation by calciotropic hormones and adaptations under varying dietary intake. iScience 27:111077 (structure of the Mg homeostasis model; rat).' },
];

export const references: Reference[] = [
  OPENBONEMIN, PETERSON_2010, PETERSON_2012, PETERSON_2004_DENOSUMAB, RIGGS_2012, ...FROM_NOTES, ...ADDED,
  ...BMD_REFERENCES,
];
