"""``python -m finsam_data``: the ``finsam`` command (see :mod:`finsam_data.quick`)."""

from finsam_data.quick import main

raise SystemExit(main())
