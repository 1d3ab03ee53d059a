// expect: sdk-member
import { defineModule } from "mxuserbot";

export default defineModule({
  name: "CronSend",
  cron: [
    {
      schedule: "*/5 * * * *",
      async run(ctx) {
        // A cron job has no room and no event: CronContext has no send.
        await (ctx as any).send("tick");
      },
    },
  ],
});
