"""Request handling: fetch through the access helper, validate with a form, call a service."""

from django.shortcuts import render


def home(request):
    return render(request, "reviews/home.html")
