from django.urls import path

from couplesafe.content import views

app_name = "content"

urlpatterns = [
    path("practices/", views.library, name="library"),
    path("practices/about/", views.about, name="about"),
    path("practices/<uuid:public_id>/", views.practice, name="practice"),
    path("cards/", views.cards, name="cards"),
    path("cards/current/", views.card_current, name="card-current"),
    path("cards/draw/", views.card_draw, name="card-draw"),
    path("cards/<uuid:public_id>/mark/", views.card_mark, name="card-mark"),
]
