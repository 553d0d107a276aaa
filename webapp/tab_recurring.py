"""The "Vấn đề lặp lại" tab: issues raised at several meetings, their months and records."""
from __future__ import annotations

import gradio as gr

from webapp import views
from webapp.common import row_of
from webapp.service import Service


def show_groups(service: Service) -> tuple:
    """(groups, table, message)."""
    groups = service.groups()
    named = sum(g.named for g in groups)
    return groups, views.groups_table(groups), (f"{len(groups)} vấn đề được nêu ở từ hai cuộc họp trở lên: {named} vấn đề có tên riêng "
                                                f"(dự án, địa điểm, văn bản) xếp trước, {len(groups) - named} vấn đề theo chủ đề xếp sau.")


def show_group(groups: list, event) -> tuple:  # noqa: ANN001
    """A clicked group: (its months chart, its records)."""
    row = row_of(event)
    if not groups or row is None or row >= len(groups):
        return (views.group_months(groups[0]) if groups else None), None
    return views.group_months(groups[row]), views.group_members(groups[row])


def build(service: Service, tab: gr.Tab) -> dict:
    groups_state = gr.State([])
    groups_status = gr.Markdown()
    groups_table = gr.Dataframe(headers=views.GROUP_COLUMNS, interactive=False, wrap=True, max_height=560,
                                label="Vấn đề nêu lại qua nhiều cuộc họp (chọn một dòng để xem)", elem_classes=["table-wrap"],
                                column_widths=[90, 110, 100, 100, 220, 180, 440])
    group_chart = gr.BarPlot(x="Tháng", y="Số lần nêu", label="Các tháng vấn đề được nêu", x_title="Tháng",
                             y_title="Số lần nêu", x_label_angle=-45)
    group_members = gr.Dataframe(headers=views.MEMBER_COLUMNS, interactive=False, wrap=True, label="Các lần được nêu",
                                 elem_classes=["table-wrap"], column_widths=[100, 110, 480, 180, 120, 160])
    tab.select(lambda: show_groups(service), None, [groups_state, groups_table, groups_status])

    def on_select(groups, event: gr.SelectData):
        return show_group(groups, event)

    groups_table.select(on_select, [groups_state], [group_chart, group_members])
    return {}
