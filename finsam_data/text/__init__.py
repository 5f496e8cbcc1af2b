"""The text layer at the bottom of the package: grammars every stage shares.

``numbers`` (figures as written, units, scales, qualifiers), ``dates`` (dates as written),
``periods`` (the period a phrase names) and ``furniture`` (running headers, footers, page
numbers). Read, segment, extract and the checks import from here; nothing here imports from
any stage above it.
"""
