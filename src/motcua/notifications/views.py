"""The citizen's in-app messages (/tai-khoan/thong-bao/)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from . import services


class InboxView(LoginRequiredMixin, ListView):
    template_name = "notifications/inbox.html"
    context_object_name = "notifications"
    paginate_by = 20

    def get_queryset(self):
        return services.inbox(self.request.user).order_by("-created_at", "-id")

    def get_context_data(self, **kwargs):
        return super().get_context_data(unread=services.unread_count(self.request.user), **kwargs)


class MarkReadView(LoginRequiredMixin, View):
    def post(self, request):
        ids = [int(v) for v in request.POST.getlist("notification") if v.isdigit()]
        count = services.mark_read(request.user, ids or None)
        if count:
            messages.success(
                request, _("Đã đánh dấu %(count)d thông báo là đã đọc.") % {"count": count}
            )
        return redirect("notifications:inbox")
