/** SBML Level 3 Version 2 interchange: export of a model spec, and a reader of the subset we write. */
export { toSBML, sbmlId, MAGBONE_NS, type SbmlOptions } from './write.js';
export { fromSBML, SbmlReadError } from './read.js';
export { toSbmlUnits, unitIdFor, sbmlUnitsFactor, type SbmlUnit } from './units.js';
export { XmlSyntaxError } from './xml.js';
