//! The browser entry point. Everything else lives in `app`.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Every page is a lazy route (`app::pages`): its code may be a chunk of its own, fetched
    // before the server's HTML can be hydrated, so hydration waits for it (as
    // `leptos::mount::hydrate_lazy` does; it starts Leptos' executor), and only then sets the
    // marker.
    wasm_bindgen_futures::spawn_local(async {
        let owner = leptos::mount::hydrate_from_async(leptos::tachys::dom::body(), app::App).await;
        owner.forget();
        // A marker the end-to-end tests wait for before they click: until now the page was only
        // the server's HTML.
        if let Some(window) = web_sys::window() {
            let _ = js_sys::Reflect::set(&window, &"__mciHydrated".into(), &true.into());
        }
    });
}
