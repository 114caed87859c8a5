"""What the test suite shares, loaded as pytest plugins by the root conftest (`pytest_plugins`).

- `clock`: the suite's frozen clock (time-machine), at an instant `YIWANG_TEST_NOW` can move, and the
  `travel` fixture;
- `world`: the demo district and the working-day calendar, built once per test database by the real
  actions, and the per-test cache reset;
- `personas`: the shared personas of STYLE.md (Li Wei, Wang Fang, the clerk, the officers …) and
  helpers to log them in;
- `catalogue`: 个体工商户设立登记 (the sole trader item) and an application for it.

Nothing here is imported by the product.
"""
