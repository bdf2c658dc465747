"""Feed documents the tests serve or parse."""

def rss(items, title="Test feed"):
    """An RSS 2.0 document with one <item> per (guid, title, description) triple."""
    entries = "".join(
        f"<item><guid isPermaLink=\"false\">{guid}</guid><title>{item_title}</title>"
        f"<description>{description}</description></item>"
        for guid, item_title, description in items)
    return (f"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>{title}</title>"
            f"<link>http://example.org/</link>{entries}</channel></rss>")
