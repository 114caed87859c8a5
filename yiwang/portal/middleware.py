"""Display preferences that every page honours: the large-text, high-contrast mode (适老化)."""

DISPLAY_COOKIE = "yiwang_display"


class DisplayModeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.large_text = request.COOKIES.get(DISPLAY_COOKIE) == "large"
        return self.get_response(request)
