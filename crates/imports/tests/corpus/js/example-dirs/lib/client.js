import "@web-framework/env";
import "@web-framework/other";
