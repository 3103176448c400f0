//! A plain page from `content/pages/`.

use serde::Serialize;

use super::{job, Ctx};
use crate::render::Job;
use crate::route::Route;

pub(super) fn page(ctx: &Ctx, i: usize) -> Job {
    #[derive(Serialize)]
    struct PageView<'a> {
        title: &'a str,
        url: String,
        body: &'a str,
        extra: &'a serde_json::Value,
    }
    #[derive(Serialize)]
    struct View<'a> {
        title: &'a str,
        page: PageView<'a>,
    }
    let p = &ctx.site.library.pages[i];
    let view = View {
        title: &p.title,
        page: PageView {
            title: &p.title,
            url: ctx.shared.urls.to(Route::Page(&p.slug)),
            body: &ctx.site.page_html[i].html,
            extra: &p.extra,
        },
    };
    job(ctx, Route::Page(&p.slug), &view)
}
