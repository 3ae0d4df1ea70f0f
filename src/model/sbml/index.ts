/** SBML interchange: export of a model spec, a reader of the subset we write, and the import of anyone's SBML (L2v4, L3v1/2 core). */
export { toSBML, sbmlId, MAGBONE_NS, type SbmlOptions } from './write.js';
export { fromSBML, SbmlReadError } from './read.js';
export { toSbmlUnits, unitIdFor, sbmlUnitsFactor, type SbmlUnit } from './units.js';
export { XmlSyntaxError } from './xml.js';
export { importSBML, type SbmlImport, type SbmlEvent, type SbmlSymbol } from './import.js';
