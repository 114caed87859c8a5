"""一网共享 (DOMAIN.md §5–6): the resource catalogue and its datasets, sharing, the exchange gateway,
electronic certificates. One module per part, so that each reads on its own:

- `resources`: data elements (数据元), resources (信息资源) and their data items, dataset records
  and their history;
- `sharing`: consumer systems, share requests, grants, gateway calls, uses of a person's data;
- `certificates`: certificate types and electronic certificates (电子证照).
"""

from yiwang.datahub.models.certificates import *  # noqa: F401,F403
from yiwang.datahub.models.resources import *  # noqa: F401,F403
from yiwang.datahub.models.sharing import *  # noqa: F401,F403
from yiwang.datahub.models.uses import *  # noqa: F401,F403
