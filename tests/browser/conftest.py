def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "browser: end-to-end test of the public website in headless Chromium (needs node, "
        "/usr/bin/chromium and `npm ci`)",
    )
