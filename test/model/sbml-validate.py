"""Validates SBML files with libSBML (Debian python3-sbml5, run with /usr/bin/python3).

Usage: sbml-validate.py [--rewrite SUFFIX] FILE...
With --rewrite, libSBML also writes each document back out as FILE+SUFFIX (its own serialisation,
to test that our reader takes SBML as libSBML writes it). Prints one JSON object: {"libsbml": version, "files": {FILE: {"errors": [...], "warnings": [...], "units": {...}}}}
where errors/warnings are "<id> line <n>: <message>" strings (all consistency checks, units
included) and units maps each unitDefinition id to its name and libSBML's conversion to SI:
{"name": ..., "si": [[kind, exponent, multiplier, scale], ...]}, an independent check of our
unit arithmetic. Exit status 3 when libsbml cannot be imported.
"""
import json
import sys

try:
    import libsbml
except ImportError as e:  # the caller turns this into a skip or a failure
    print(json.dumps({"error": "cannot import libsbml: %s" % e}))
    sys.exit(3)


def check(path):
    doc = libsbml.readSBMLFromFile(path)
    doc.setConsistencyChecks(libsbml.LIBSBML_CAT_UNITS_CONSISTENCY, True)
    doc.setConsistencyChecks(libsbml.LIBSBML_CAT_MODELING_PRACTICE, True)
    doc.checkConsistency()
    errors, warnings = [], []
    for i in range(doc.getNumErrors()):
        e = doc.getError(i)
        text = "%d line %d: %s" % (e.getErrorId(), e.getLine(), " ".join(e.getMessage().split()))
        (errors if e.getSeverity() >= libsbml.LIBSBML_SEV_ERROR else warnings).append(text)
    units = {}
    model = doc.getModel()
    if model is not None:
        for k in range(model.getNumUnitDefinitions()):
            ud = model.getUnitDefinition(k)
            si = libsbml.UnitDefinition.convertToSI(ud)
            units[ud.getId()] = {
                "name": ud.getName(),
                "si": [[libsbml.UnitKind_toString(u.getKind()), u.getExponentAsDouble(), u.getMultiplier(), u.getScale()]
                       for u in (si.getUnit(j) for j in range(si.getNumUnits()))],
            }
    return {"errors": errors, "warnings": warnings, "units": units}


args = sys.argv[1:]
suffix = None
if args[:1] == ["--rewrite"]:
    suffix, args = args[1], args[2:]
if suffix:
    for p in args:
        libsbml.writeSBMLToFile(libsbml.readSBMLFromFile(p), p + suffix)
print(json.dumps({"libsbml": libsbml.getLibSBMLDottedVersion(), "files": {p: check(p) for p in args}}))
