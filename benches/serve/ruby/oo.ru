# frozen_string_literal: true

# The oo side: the integration kit's callback handler, OoJwt::CallbackApp, from the installed
# platform gem (its bundled library), with the settings of $OO_SERVE_CONFIG loaded once per process.
# Its block reads what an integrator reads; the app answers as the kit does.
gem "oo_jwt", ENV.fetch("OO_SERVE_OO_VERSION")
require "oo_jwt"
unless OoJwt.library_path.start_with?(ENV.fetch("OO_SERVE_GEM_DIR"))
  abort "oo.ru: loaded #{OoJwt.library_path}, not the installed gem's library"
end

settings = OoJwt.load_config(ENV.fetch("OO_SERVE_CONFIG"))
run(OoJwt::CallbackApp.new(settings) do |cb|
  history = cb.history.is_a?(Hash) ? cb.history["changes"] : nil
  [cb.status, cb.key, cb.url, history.is_a?(Array) ? history.size : 0]
end)
