from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from reviews.views import accounts


class FaviconView(RedirectView):
    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        # Looked up per request: the static manifest exists only after collectstatic.
        return static("favicon.svg")


urlpatterns = [
    # Browsers and Lighthouse ask for /favicon.ico whatever the page links; send them the icon.
    path(
        "favicon.ico",
        login_not_required(FaviconView.as_view()),
        name="favicon",
    ),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/change/", accounts.password_change, name="password_change"),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("", include("reviews.urls")),
]

# A refused request (too many fields, too large a body) is answered in the site's layout.
handler400 = "reviews.views.errors.bad_request"
