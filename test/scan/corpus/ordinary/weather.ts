import { defineModule, EVERYONE, UsageError } from "mxuserbot";

interface Forecast {
  current?: { temperature_2m?: number; wind_speed_10m?: number };
}

const API = "https://api.open-meteo.com/v1/forecast";

export default defineModule({
  name: "Weather",
  description: "Current weather for coordinates",
  network: ["api.open-meteo.com"],
  commands: {
    weather: {
      security: EVERYONE,
      usage: "<lat> <lon>",
      async run(ctx) {
        const [lat, lon] = ctx.argv.map(Number);
        if (lat === undefined || lon === undefined || Number.isNaN(lat) || Number.isNaN(lon)) {
          throw new UsageError("give latitude and longitude");
        }
        const url = new URL(API);
        url.search = new URLSearchParams({
          latitude: String(lat),
          longitude: String(lon),
          current: "temperature_2m,wind_speed_10m",
        }).toString();
        const response = await ctx.http.fetch(url.toString(), {
          headers: { accept: "application/json" },
        });
        if (!response.ok) return void (await ctx.respond(`weather service said ${response.status}`));
        const data = (await response.json()) as Forecast;
        const t = data.current?.temperature_2m;
        const w = data.current?.wind_speed_10m;
        await ctx.respond({
          body: `${t ?? "?"} °C, wind ${w ?? "?"} km/h`,
          html: `<b>${t ?? "?"} °C</b>, wind ${w ?? "?"} km/h`,
        });
      },
    },
  },
});
