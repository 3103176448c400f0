//! Issue 13 (and issue 12, item 6): template errors, on Tera 2, reported
//! where the editor has to look: the template's own file, line and column
//! (Tera's positions, not a search for the name), the missing name, and the
//! template that called a component or asked for a missing include.

mod support;

use support::Site;

/// The one error of a build that must fail, rendered as the editor sees it.
fn only_error(site: &Site) -> dossier::diagnostic::Diagnostic {
    let diags = dossier::build(&site.options()).expect_err("the build must fail");
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).cloned().collect();
    assert_eq!(errors.len(), 1, "{}", diags.render());
    errors[0].clone()
}

#[test]
fn unknown_field_in_a_site_override_is_reported_at_the_field() {
    let site = Site::new("basic");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title }}</h1>\n  <p>{{ page.subtitle }}</p>\n{% endblock content %}\n",
    );
    let d = only_error(&site);
    assert_eq!(d.path.display().to_string(), "templates/page.html");
    assert_eq!((d.line, d.col), (4, 14));
    assert_eq!(
        d.message,
        "template `page.html`: Field `subtitle` is not defined (in `page.subtitle`). Available fields: body, extra, title, url"
    );
    assert_eq!(
        d.source_line.as_deref(),
        Some("  <p>{{ page.subtitle }}</p>")
    );
}

#[test]
fn unknown_variable_in_a_site_override_names_it_and_its_position() {
    let site = Site::new("basic");
    site.write(
        "templates/404.html",
        "<p>{{ site.title }}</p>\n<p>{{ visitor }}</p>\n",
    );
    let d = only_error(&site);
    assert_eq!(d.path.display().to_string(), "templates/404.html");
    assert_eq!((d.line, d.col), (2, 7));
    assert!(
        d.message
            .starts_with("template `404.html`: Variable `visitor` is not defined"),
        "{}",
        d.message
    );
}

#[test]
fn error_inside_a_component_is_reported_in_the_component_with_its_caller() {
    let site = Site::new("basic");
    site.write(
        "templates/components/date.html",
        "{% component date(d) %}\n<time datetime=\"{{ d.iso }}\">{{ d.weekday }}</time>{% endcomponent date %}\n",
    );
    let d = only_error(&site);
    assert_eq!(
        d.path.display().to_string(),
        "templates/components/date.html"
    );
    assert_eq!((d.line, d.col), (2, 35));
    assert_eq!(
        d.message,
        "template `components/date.html`: Field `weekday` is not defined (in `d.weekday`). Available fields: day, display, iso, month, precision, rfc3339, year"
    );
    // The default theme's home page calls `date` on its seventh line.
    let hint = d.hint.unwrap_or_default();
    assert!(hint.starts_with("called from index.html:7:"), "{hint}");
}

#[test]
fn missing_include_is_reported_at_the_including_template() {
    let site = Site::new("basic");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n  {% include \"partials/byline.html\" %}\n{% endblock content %}\n",
    );
    let d = only_error(&site);
    assert_eq!(d.path.display().to_string(), "templates/page.html");
    assert_eq!((d.line, d.col), (3, 14));
    assert_eq!(
        d.message,
        "template `page.html`: Unknown template `partials/byline.html`"
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("check the name in `{% include %}` against the theme's templates")
    );
}

#[test]
fn unknown_component_is_reported_where_it_is_called() {
    let site = Site::new("basic");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}{{ <byline who={page.title} /> }}{% endblock content %}\n",
    );
    let d = only_error(&site);
    assert_eq!(d.path.display().to_string(), "templates/page.html");
    assert_eq!((d.line, d.col), (2, 23));
    assert_eq!(
        d.message,
        "template `page.html`: Unknown component `byline`"
    );
}

#[test]
fn missing_parent_is_reported_at_the_extends_line() {
    let site = Site::new("basic");
    site.write(
        "templates/page.html",
        "{# a page #}\n{% extends \"layout.html\" %}\n{% block content %}{% endblock content %}\n",
    );
    let d = only_error(&site);
    assert_eq!(d.path.display().to_string(), "templates/page.html");
    assert_eq!((d.line, d.col), (2, 13));
    assert_eq!(
        d.message,
        "template `page.html` extends `layout.html`, which does not exist"
    );
}

#[test]
fn every_syntax_error_is_reported_in_one_run() {
    let site = Site::new("basic");
    site.write("templates/404.html", "<p>{{ site.title </p>\n");
    site.write("templates/page.html", "{% if page.title %}\n<h1>x</h1>\n");
    let diags = dossier::build(&site.options()).expect_err("syntax errors");
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}:{}", d.path.display(), d.line))
        .collect();
    assert_eq!(
        errors,
        ["templates/404.html:1", "templates/page.html:3"],
        "{}",
        diags.render()
    );
}

#[test]
fn overrides_written_for_the_previous_markup_still_build() {
    // Issue 14's last cuts changed the default theme's markup, not the
    // contracts a site's overrides rely on: a `timeline` component taking
    // only `years` and `t`, an event line without `omit`, and the
    // `briefing.until` words are still what a copied template may use.
    let site = Site::new("basic");
    site.write(
        "templates/components/timeline.html",
        "{% component timeline(years, t) %}{% for y in years %}<h2 id=\"{{ y.anchor }}\">{{ y.year }}</h2>{% for m in y.months %}{{ m.html | safe }}{% endfor %}{% endfor %}{% endcomponent timeline %}\n",
    );
    site.write(
        "templates/event_line.html",
        "<li><a href=\"{{ e.url }}\">{{ e.title }}</a>{% for a in e.actors %} {{ a.name }}{% endfor %}</li>\n",
    );
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}<p>{{ t.briefing.until | replace(from=\"{}\", to=\"2026\") }}</p>{% endblock content %}\n",
    );
    let report = dossier::build(&site.options()).expect("the build succeeds");
    assert!(
        !report.diagnostics.iter().any(|d| d.is_error()),
        "{}",
        report.diagnostics.render()
    );
    // The overrides are the ones used.
    let timeline = site.read("timeline/index.html");
    assert!(timeline.contains("<h2 id=\"y"), "{timeline}");
    assert!(!timeline.contains("class=\"month-head\""), "{timeline}");
    // Actor pages print the site's line too, as it prints it: this one,
    // knowing no `omit`, names every actor, the page's own included.
    let china = site.read("actors/china/index.html");
    assert!(china.contains(" China United States</li>"), "{china}");
}
